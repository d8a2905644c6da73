#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/xalloc.h"

long wb_text_chars(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	long count = 0;
	while (p < end) {
		unsigned c = *p;
		unsigned cp;
		int extra;
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				return -1;
			p++;
			count++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			cp = c & 0x1f;
			extra = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			cp = c & 0x0f;
			extra = 2;
		} else if (c >= 0xf0 && c <= 0xf4) {
			cp = c & 0x07;
			extra = 3;
		} else {
			return -1;
		}
		if (end - p <= extra)
			return -1;
		for (int i = 1; i <= extra; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		/* C1 controls, and the bidirectional embeddings, overrides and isolates that make
		 * text display in another order than it is stored ("U+202E" attacks) */
		if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return -1;
		p += extra + 1;
		count++;
	}
	return count;
}

int wb_text_is_phone(const char *s)
{
	size_t n = strlen(s), digits = 0;
	if (n < 3 || n > 20)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (!(c == ' ' || c == '-' || (c == '+' && i == 0)))
			return 0;
	}
	return digits >= 3;
}

int wb_parse_int(const char *s, size_t n, long long lo, long long hi, long long *out)
{
	size_t i = n > 0 && s[0] == '-';
	size_t digits = n - i;
	if (digits == 0 || digits > 15 || (s[i] == '0' && digits > 1) || (i && s[i] == '0'))
		return -1;
	long long v = 0;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (s[0] == '-')
		v = -v;
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int word_chars(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_word(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

int wb_text_is_username(const char *s)
{
	return word_chars(s, 3, 32) && is_word(s[0]);
}

int wb_text_is_code(const char *s)
{
	return word_chars(s, 1, 32);
}

int wb_text_has_content(const char *s)
{
	while (s && *s) {
		/* U+3000, the ideographic space of Chinese input methods, is white space too. */
		if (strncmp(s, "\xe3\x80\x80", 3) == 0) {
			s += 3;
			continue;
		}
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 1;
		s++;
	}
	return 0;
}

/* ---- similarity ---- */

/*
 * Decode one character at @p p (before @p end) into @p cp. A byte that does not start a
 * valid sequence becomes 0x110000 + its value, past every code point. @return its bytes
 */
static size_t next_char(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	unsigned c = *p;
	int extra;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		v = c & 0x1f;
		extra = 1;
	} else if (c >= 0xe0 && c <= 0xef) {
		v = c & 0x0f;
		extra = 2;
	} else if (c >= 0xf0 && c <= 0xf4) {
		v = c & 0x07;
		extra = 3;
	} else {
		*cp = 0x110000u + c;
		return 1;
	}
	if (end - p <= extra)
		goto bad;
	for (int i = 1; i <= extra; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if ((extra == 2 && v < 0x800) || (extra == 3 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		goto bad;
	*cp = v;
	return (size_t)extra + 1;
bad:
	*cp = 0x110000u + c;
	return 1;
}

/* White space and punctuation, which similarity ignores. */
static int ignored(uint32_t c)
{
	if (c <= 0x20 || c == 0x7f)
		return 1;
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			 (c >= 'A' && c <= 'Z'));
	return (c >= 0xa0 && c <= 0xbf) || (c >= 0x2000 && c <= 0x206f) ||
	       (c >= 0x3000 && c <= 0x303f) || (c >= 0xfe10 && c <= 0xfe6f) ||
	       (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
	       (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65);
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

size_t wb_text_bigrams(const char *s, size_t n, uint64_t *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t k = 0;
	uint32_t prev = 0;
	int have_prev = 0;
	while (p < end) {
		uint32_t c;
		p += next_char(p, end, &c);
		if (ignored(c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (have_prev)
			out[k++] = ((uint64_t)prev << 32) | c;
		prev = c;
		have_prev = 1;
	}
	qsort(out, k, sizeof *out, cmp_key);
	return k;
}

double wb_bigram_dice(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, common = 0;
	if (na + nb == 0)
		return 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			common++;
			i++;
			j++;
		}
	}
	return 2.0 * (double)common / (double)(na + nb);
}

double wb_text_similarity(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	uint64_t *ka = xreallocarray(NULL, la + 1, sizeof *ka);
	uint64_t *kb = xreallocarray(NULL, lb + 1, sizeof *kb);
	size_t na = wb_text_bigrams(a, la, ka), nb = wb_text_bigrams(b, lb, kb);
	double d = wb_bigram_dice(ka, na, kb, nb);
	free(ka);
	free(kb);
	return d;
}

int wb_text_is_line(const char *s)
{
	return strpbrk(s, "\r\n\t") == NULL;
}

/* Among the commonest passwords of 10 characters or more (leaked lists, Chinese sites
 * included), compared without case. */
static const char *const common_passwords[] = {
	"1234567890",    "0123456789",   "12345678910",  "1234567890a",  "qwertyuiop",
	"1qaz2wsx3edc",  "1q2w3e4r5t",   "1q2w3e4r5t6y", "qazwsxedcrfv", "asdfghjkl;",
	"password123",   "password1234", "passw0rd123",  "iloveyou123",  "woaini1314",
	"woaini520",     "5201314520",   "1314520520",   "abc1234567",   "abcdefghij",
	"administrator", "admin123456",  "admin12345",   "qwerty12345",  "qwerty123456",
	"welcome123",    "wubiao12345",  "zxcvbnm123",   "a123456789",   "aa123456789",
	"123456789a",    "123qweasdzxc", "147258369",    "1472583690",   "9876543210",
	"p@ssw0rd123",   "changeme123",  "letmein1234",  "football123",  "baseball123",
};

int wb_password_weak(const char *pw)
{
	size_t n = strlen(pw);
	for (size_t i = 0; i < sizeof common_passwords / sizeof *common_passwords; i++)
		if (strcasecmp(pw, common_passwords[i]) == 0)
			return 1;
	unsigned char seen[256] = {0};
	int distinct = 0;
	size_t run = 1, longest = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)pw[i];
		distinct += !seen[c]++;
		if (i) {
			int d = (int)c - (int)(unsigned char)pw[i - 1];
			int prev = i > 1 ? (int)(unsigned char)pw[i - 1] -
						   (int)(unsigned char)pw[i - 2]
					 : d;
			run = (d == prev && d >= -1 && d <= 1) ? run + 1 : 2;
			if (run > longest)
				longest = run;
		}
	}
	return distinct < 4 || longest * 4 >= n * 3;
}
