// toml++ (Debian's libtomlplusplus) behind a plain C interface, so Swift reads TOML without
// C++ interop and without a Swift TOML layer that imports Foundation.
//
// A parsed document is flattened into its nodes in document order (a table's or an array's
// children follow it), each with the line and column where it is written and, inside a
// table, its key and where the key is written. Strings point into the document and live
// until relief_toml_free.
#ifndef CTOMLREADER_H
#define CTOMLREADER_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    RELIEF_TOML_TABLE = 0,
    RELIEF_TOML_ARRAY = 1,
    RELIEF_TOML_STRING = 2,
    RELIEF_TOML_INTEGER = 3,
    RELIEF_TOML_FLOAT = 4,
    RELIEF_TOML_BOOLEAN = 5,
    RELIEF_TOML_DATE = 6,
    RELIEF_TOML_TIME = 7,
    RELIEF_TOML_DATE_TIME = 8,
} relief_toml_kind;

typedef struct {
    relief_toml_kind kind;
    /// Direct children of a table or an array (their own children follow them).
    uint32_t children;
    /// 1-based line and column where the value (or a table's header) begins; 0 if unknown.
    uint32_t line, column;
    /// The key inside its table; NULL for the root and for array elements.
    const char *key;
    size_t key_length;
    uint32_t key_line, key_column;
    /// A string's UTF-8 bytes.
    const char *text;
    size_t text_length;
    int64_t integer;
    double number;
    bool boolean;
} relief_toml_node;

typedef struct relief_toml_document relief_toml_document;

/// Parses `length` bytes of UTF-8 TOML. Never NULL: on a syntax error `nodes` is NULL and
/// `error` says what is wrong at `error_line`:`error_column`.
relief_toml_document *relief_toml_parse(const char *text, size_t length);
const relief_toml_node *relief_toml_nodes(const relief_toml_document *document, size_t *count);
/// The syntax error, or NULL when the text parsed.
const char *relief_toml_error(const relief_toml_document *document, uint32_t *line, uint32_t *column);
void relief_toml_free(relief_toml_document *document);

#ifdef __cplusplus
}
#endif

#endif
