Pod::Spec.new do |s|
  s.name = 'ConduitClient'
  s.ios.deployment_target = '13.0'
  s.osx.deployment_target = '10.15'
  s.tvos.deployment_target = '13.0'
  s.watchos.deployment_target = '6.0'
  s.version = '2.2.0'
  s.source = { :git => 'git@github.com:OpenAPITools/openapi-generator.git', :tag => 'v2.2.0' }
  s.authors = 'Conduit API'
  s.license = 'MIT'
  s.homepage = 'https://github.com/OpenAPITools/openapi-generator'
  s.summary = 'Typed client for the Conduit API, generated from its OpenAPI contract.'
  s.source_files = 'Sources/ConduitClient/**/*.swift'
end
