// Swagger UI for Conduit API: renders the live contract and calls the server it was loaded from.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.yaml',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    // "Authorize" takes the bare JWT from register or login, or an API token (cdt_...); the API expects
    // "Token <token>" or "Bearer <token>", so a bare value gets the "Token " prefix.
    requestInterceptor: function (request) {
      var auth = request.headers && request.headers.Authorization;
      if (auth && !/^(Token|Bearer)\s/i.test(auth)) {
        request.headers.Authorization = 'Token ' + auth;
      }
      return request;
    }
  });
};
