import { Migration, operations as ops, fields } from 'stratum/migrations';

export default new Migration({
  initial: true,
  operations: [
    ops.CreateModel({
      name: 'Author',
      fields: [
        ['id', fields.BigAutoField({ primaryKey: true })],
        ['name', fields.CharField({ maxLength: 100 })],
      ],
    }),
  ],
});
