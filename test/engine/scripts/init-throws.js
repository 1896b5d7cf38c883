// An exception in the init context: k6 exits 107.
import http from 'k6/http';

const config = JSON.parse('{ not json');

export default async function () {
  await http.asyncRequest('GET', `${__ENV.BASE}/${config.path}`);
}
