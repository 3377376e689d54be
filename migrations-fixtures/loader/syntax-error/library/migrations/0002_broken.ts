import { Migration } from 'stratum/migrations';

export default new Migration({
  dependencies: [['library', '0001_initial']
  operations: [],
});
