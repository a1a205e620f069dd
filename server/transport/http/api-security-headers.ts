// The security headers of every REST answer (the frame's, and the fallbacks' for unknown paths
// and methods); see security-headers.ts.
import { env } from "../../infra/env/env";
import { API_CONTENT_SECURITY_POLICY, commonSecurityHeaders } from "./security-headers";

export function setApiSecurityHeaders(headers: Headers): void {
  headers.set("content-security-policy", API_CONTENT_SECURITY_POLICY);
  for (const [name, value] of Object.entries(commonSecurityHeaders(env().appUrl.startsWith("https:"))))
    headers.set(name, value);
}
