import { defineModel, CharField } from 'stratum';

export const Book = defineModel('Book', {
  // @ts-expect-error: maxLength is required, and this fixture checks the run-time error too.
  title: CharField({}),
});
