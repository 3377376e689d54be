import { defineModel, CharField } from 'stratum';

export const Book = defineModel('Book', {
  title: CharField({ maxLength: 10 }
});
