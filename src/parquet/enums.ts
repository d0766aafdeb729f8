/** parquet-format's enums (parquet.thrift), the values the kit reads and writes. */

/** Type: a column's physical type. */
export const PHYSICAL = { INT32: 1, INT64: 2, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6 } as const;

/** ConvertedType: the annotations older writers give a column (newer ones give a LogicalType as well). */
export const CONVERTED = { UTF8: 0, TIMESTAMP_MILLIS: 9, TIMESTAMP_MICROS: 10, INT_8: 15, INT_64: 18 } as const;

/** FieldRepetitionType. */
export const OPTIONAL = 1;

/** Encoding. */
export const ENCODING = { PLAIN: 0, RLE: 3 } as const;

/** CompressionCodec. */
export const SNAPPY = 1;

/** PageType. */
export const DATA_PAGE = 0;
