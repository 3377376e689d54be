import {
  defineModel, CharField, IntegerField, FloatField, DecimalField, DateField, DateTimeField, TimeField,
  ForeignKey, ManyToManyField, Index, UniqueConstraint, CheckConstraint, Q,
} from 'stratum';

// The models of API.md §2, plus Store from Django's aggregation tests.

export const Publisher = defineModel('Publisher', {
  name: CharField({ maxLength: 255 }),
  numAwards: IntegerField(),
});

export const Author = defineModel('Author', {
  name: CharField({ maxLength: 100 }),
  age: IntegerField(),
  friends: ManyToManyField('self', { blank: true }),
});

export const Book = defineModel('Book', {
  isbn: CharField({ maxLength: 9, unique: true }),
  name: CharField({ maxLength: 255, dbIndex: true }),
  pages: IntegerField(),
  rating: FloatField(),
  price: DecimalField({ maxDigits: 6, decimalPlaces: 2 }),
  contact: ForeignKey(() => Author, { onDelete: 'CASCADE', relatedName: 'bookContactSet' }),
  publisher: ForeignKey(() => Publisher, { onDelete: 'CASCADE' }),
  pubdate: DateField(),
  authors: ManyToManyField(() => Author),
}, {
  ordering: ['name'],
  indexes: [Index({ fields: ['-pubdate', 'name'], name: 'book_pub_name_idx' })],
  constraints: [
    CheckConstraint({ check: Q({ pages__gt: 0 }), name: 'book_pages_positive' }),
    UniqueConstraint({ fields: ['name', 'publisher'], name: 'book_unique_name_publisher' }),
  ],
});

export const Store = defineModel('Store', {
  name: CharField({ maxLength: 300 }),
  books: ManyToManyField(() => Book),
  originalOpeningDate: DateTimeField(),
  friday_night_closing: TimeField(),
});
