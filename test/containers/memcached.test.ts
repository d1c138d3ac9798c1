import { describeServerSpecs } from './spec-suite';

describeServerSpecs('memcached');
// The binary protocol, checked in hex until the struct specs land in specs/memcached.
describeServerSpecs('memcached', { folder: 'test/containers/sanity/memcached-binary', minSpecs: 1 });
