/* Checks on text from outside: UTF-8, length in characters, phone numbers, names. */
#ifndef WB_TEXT_H
#define WB_TEXT_H

#include <stddef.h>

/**
 * @return the number of characters in @p s (of @p n bytes), or -1 when it is not valid
 * UTF-8 (overlong forms, surrogates and values past U+10FFFF are invalid) or holds a NUL
 * or a control character other than tab, newline and carriage return
 */
long wb_text_chars(const char *s, size_t n);

/** @return nonzero when @p s is a plausible phone number: digits, spaces, +, -, 3..20 long */
int wb_text_is_phone(const char *s);

/** @return nonzero when @p s is a username: 3..32 of [A-Za-z0-9._-], starting alphanumeric */
int wb_text_is_username(const char *s);

/** @return nonzero when @p s is a unit code: 1..32 of [A-Za-z0-9._-] */
int wb_text_is_code(const char *s);

/** @return nonzero when @p s holds something other than white space */
int wb_text_has_content(const char *s);

#endif
