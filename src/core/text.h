/*
 * Checks on text from outside: UTF-8, length in characters, phone numbers, names. And the
 * similarity of two texts, by their character bigrams, for finding duplicate opinions.
 */
#ifndef WB_TEXT_H
#define WB_TEXT_H

#include <stddef.h>
#include <stdint.h>

/**
 * @return the number of characters in @p s (of @p n bytes), or -1 when it is not valid
 * UTF-8 (overlong forms, surrogates and values past U+10FFFF are invalid) or holds a NUL
 * or a control character other than tab, newline and carriage return
 */
long wb_text_chars(const char *s, size_t n);

/**
 * @return nonzero when the password @p pw is too easy to guess: fewer than 4 different
 * characters, a run of one character or of consecutive keys or digits over most of it, or
 * one of the commonest passwords (any case)
 */
int wb_password_weak(const char *pw);

/** @return nonzero when @p s holds no line break and no tab: a name, a title */
int wb_text_is_line(const char *s);

/** @return nonzero when @p s is a plausible phone number: digits, spaces, +, -, 3..20 long */
int wb_text_is_phone(const char *s);
/**
 * Parse the first @p n bytes of @p s as an integer written the one way the API takes:
 * decimal digits, a '-' before them for a negative, no '+', no spaces, no leading zero
 * ("0" itself aside), at most 15 digits; within @p lo..@p hi.
 * @return 0, or -1 when it is not so written or out of range
 */
int wb_parse_int(const char *s, size_t n, long long lo, long long hi, long long *out);

/** @return nonzero when @p s is a username: 3..32 of [A-Za-z0-9._-], starting alphanumeric */
int wb_text_is_username(const char *s);

/** @return nonzero when @p s is a unit code: 1..32 of [A-Za-z0-9._-] */
int wb_text_is_code(const char *s);

/** @return nonzero when @p s holds something other than white space */
int wb_text_has_content(const char *s);

/**
 * The character bigrams of @p s (@p n bytes of UTF-8), sorted ascending, into @p out,
 * which has room for @p n keys. White space and punctuation are dropped first (ASCII
 * punctuation, U+00A0..U+00BF, general punctuation U+2000..U+206F, CJK symbols and
 * punctuation U+3000..U+303F, the vertical, compatibility and small forms U+FE10..U+FE6F
 * and the full-width punctuation of U+FF01..U+FF65), ASCII letters are lowered, and
 * every two neighbouring characters that remain make one bigram: "排队，时间" gives
 * 排队, 队时, 时间. A byte that is not valid UTF-8 counts as a character of its own.
 * @return the number of bigrams (one less than the characters kept; 0 for fewer than two)
 */
size_t wb_text_bigrams(const char *s, size_t n, uint64_t *out);

/**
 * The Dice coefficient of two sorted bigram multisets: 2 |A ∩ B| / (|A| + |B|), where a
 * bigram found twice in A and once in B counts once in the intersection. 0 when both
 * are empty. @return 0..1
 */
double wb_bigram_dice(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/** @return wb_bigram_dice() of the bigrams of the NUL-terminated texts @p a and @p b */
double wb_text_similarity(const char *a, const char *b);

#endif
