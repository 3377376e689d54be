import { defineModel, ForeignKey } from 'stratum';

export const Book = defineModel('Book', {
  publisher: ForeignKey('Publisher', { onDelete: 'CASCADE' }),
});
