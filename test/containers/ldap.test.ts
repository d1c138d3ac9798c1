import { describeServerSpecs } from './spec-suite';

// Infrastructure checks written in hex until the struct specs (specs/ldap) land.
describeServerSpecs('ldap', { folder: 'test/containers/sanity/ldap', minSpecs: 1 });
