import { defineModel, IntegerField } from 'stratum';

export const Book = defineModel('Book', { pk: IntegerField() });
