// Swagger UI over the API's OpenAPI document: its files come from our own static files (the
// page works offline and under the site's Content-Security-Policy, which allows no inline
// script), and it asks no validator on the internet.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
