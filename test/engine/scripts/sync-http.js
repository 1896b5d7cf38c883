// Uses the synchronous http.get, which the engine refuses at start.
import http from 'k6/http';

export default function () {
  http.get(`${__ENV.BASE}/x`);
}
