import { describeServerSpecs } from './spec-suite';

describeServerSpecs('mariadb');
