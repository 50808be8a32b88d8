"""OpenAPI descriptions of the project's authentication classes (drf-spectacular)."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TenantTokenScheme(OpenApiAuthenticationExtension):
    target_class = "people.api_auth.TenantTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-based authentication: `Authorization: Token <key>` (POST /api/v1/auth/token/).",
        }


class TenantSessionScheme(OpenApiAuthenticationExtension):
    target_class = "people.api_auth.TenantSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
