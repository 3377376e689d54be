import { Migration, operations as ops, fields } from 'stratum/migrations';

export default new Migration({
  initial: true,
  replaces: [['library', '0001_initial'], ['library', '0002_author_age']],
  operations: [
    ops.CreateModel({
      name: 'Author',
      fields: [
        ['id', fields.BigAutoField({ primaryKey: true })],
        ['name', fields.CharField({ maxLength: 100 })],
        ['age', fields.IntegerField({ null: true })],
      ],
    }),
  ],
});
