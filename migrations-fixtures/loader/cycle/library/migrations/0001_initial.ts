import { Migration } from 'stratum/migrations';

export default new Migration({ dependencies: [['shop', '0001_initial']], operations: [] });
