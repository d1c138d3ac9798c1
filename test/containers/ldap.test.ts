import { describeServerSpecs } from './spec-suite';

describeServerSpecs('ldap');
