// RFC 8414 metadata, so any standard OAuth client library can find the token endpoint and keys.

import { SCOPES } from "../../domain/scopes";
import { tokenIssuer } from "./access-tokens";

export function authorizationServerMetadata() {
  const issuer = tokenIssuer();
  return {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    scopes_supported: [...SCOPES],
    // No authorization endpoint (so no response types) and no JWT client authentication (so no
    // signing algorithms for it): advertising them would send libraries down paths that fail.
    service_documentation: `${issuer}/docs/api`,
  };
}
