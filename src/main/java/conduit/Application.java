package conduit;

import conduit.database.DevelopmentDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

public class Application {

    public static void main(String[] args) {
        // A development run with no database configured picks one before the context starts (see README).
        DevelopmentDatabase database = DevelopmentDatabase.choose();
        ApplicationContext context = Micronaut.build(args)
                .mainClass(Application.class)
                .properties(database.properties())
                .start();
        database.serves(context);
    }
}
