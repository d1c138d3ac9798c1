import { describeServerSpecs } from './spec-suite';

// nginx's TLS listener; a folder of its own since specs/http is also run against other servers (http.matrix.yaml).
describeServerSpecs('https', { minSpecs: 4 });
