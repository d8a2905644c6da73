#include "text.h"

#include <string.h>

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
