// One GET over TLS (the test trusts its self-signed certificate through NODE_EXTRA_CA_CERTS).
import http from 'k6/http';

export const options = { iterations: 2, vus: 1 };

export default async function () {
  const res = await http.asyncRequest('GET', __ENV.URL);
  console.log(JSON.stringify({ status: res.status, body: res.body, error: res.error, tls: res.timings.tls_handshaking, connecting: res.timings.connecting }));
}
