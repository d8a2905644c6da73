/* Checks on text from outside: UTF-8 and its length in characters, phones, names, codes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../../src/core/text.h"

static long chars(const char *s)
{
	return wb_text_chars(s, strlen(s));
}

/* For byte strings with embedded NULs: the length of the literal, less its final NUL. */
#define CHARS_LIT(lit) wb_text_chars(lit, sizeof lit - 1)

static void test_chars_counts(void **state)
{
	(void)state;
	assert_int_equal(chars(""), 0);
	assert_int_equal(chars("a"), 1);
	assert_int_equal(chars("hello"), 5);
	assert_int_equal(chars("社保窗口"), 4); /* 4 x 3 bytes */
	assert_int_equal(strlen("社保窗口"), 12);
	assert_int_equal(chars("办事效率低，态度差。"), 10); /* with full-width punctuation */
	assert_int_equal(chars("窗口A区 3号"), 7);
	assert_int_equal(chars("é"), 1);         /* 2 bytes, U+00E9 */
	assert_int_equal(chars("\xc2\xa0"), 1);  /* U+00A0, past the C1 controls */
	assert_int_equal(chars("\xc2\x80"), -1); /* U+0080..9F: C1 controls */
	assert_int_equal(chars("\xc2\x9f"), -1);
	/* text-direction embeddings, overrides and isolates */
	assert_int_equal(chars("\xe2\x80\xae"), -1);    /* U+202E RIGHT-TO-LEFT OVERRIDE */
	assert_int_equal(chars("\xe2\x80\xaa"), -1);    /* U+202A */
	assert_int_equal(chars("\xe2\x81\xa6"), -1);    /* U+2066 */
	assert_int_equal(chars("\xe2\x81\xa9"), -1);    /* U+2069 */
	assert_int_equal(chars("\xe2\x80\xaf"), 1);     /* U+202F, a narrow space, is text */
	assert_int_equal(chars("\xe2\x80\x8f"), 1);     /* U+200F RIGHT-TO-LEFT MARK stays */
	assert_int_equal(chars("\xdf\xbf"), 1);         /* U+07FF, largest 2-byte */
	assert_int_equal(chars("\xe0\xa0\x80"), 1);     /* U+0800, smallest 3-byte */
	assert_int_equal(chars("\xed\x9f\xbf"), 1);     /* U+D7FF, just below surrogates */
	assert_int_equal(chars("\xee\x80\x80"), 1);     /* U+E000, just above them */
	assert_int_equal(chars("\xef\xbf\xbf"), 1);     /* U+FFFF */
	assert_int_equal(chars("\xf0\x90\x80\x80"), 1); /* U+10000, smallest 4-byte */
	assert_int_equal(chars("😀"), 1);                /* U+1F600 */
	assert_int_equal(chars("\xf4\x8f\xbf\xbf"), 1); /* U+10FFFF, the last */
	assert_int_equal(chars("a社😀b"), 4);
	/* a length shorter than the string counts only that prefix */
	assert_int_equal(wb_text_chars("社保窗口", 6), 2);
	assert_int_equal(wb_text_chars("abc", 0), 0);
}

static void test_chars_whitespace(void **state)
{
	(void)state;
	assert_int_equal(chars("a\tb"), 3);
	assert_int_equal(chars("line1\nline2"), 11);
	assert_int_equal(chars("a\r\nb"), 4);
	assert_int_equal(chars(" "), 1);
	assert_int_equal(chars("\xe3\x80\x80"), 1); /* U+3000 ideographic space */
}

static void test_chars_invalid_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		const char *why;
	} bad[] = {
		{"\x80", "lone continuation byte"},
		{"a\xbf"
		 "b",
		 "lone continuation byte inside"},
		{"\xc0\xaf", "overlong '/' (2 bytes)"},
		{"\xc1\xbf", "overlong 2-byte"},
		{"\xe0\x80\xaf", "overlong '/' (3 bytes)"},
		{"\xe0\x9f\xbf", "overlong U+07FF in 3 bytes"},
		{"\xf0\x80\x80\xaf", "overlong '/' (4 bytes)"},
		{"\xf0\x8f\xbf\xbf", "overlong U+FFFF in 4 bytes"},
		{"\xed\xa0\x80", "surrogate U+D800"},
		{"\xed\xbf\xbf", "surrogate U+DFFF"},
		{"\xed\xb0\x80", "low surrogate U+DC00"},
		{"\xf4\x90\x80\x80", "U+110000, past U+10FFFF"},
		{"\xf5\x80\x80\x80", "lead byte F5"},
		{"\xf8\x88\x80\x80\x80", "5-byte form"},
		{"\xfe", "byte FE"},
		{"\xff", "byte FF"},
		{"\xe7\xa4", "truncated 3-byte at the end"},
		{"abc\xe7", "truncated lead at the end"},
		{"\xf0\x9f\x98", "truncated 4-byte at the end"},
		{"\xc3", "truncated 2-byte at the end"},
		{"\xe7\xa4"
		 "a",
		 "3-byte sequence cut by ASCII"},
		{"\xc3\xc3\xa9", "lead byte followed by a lead byte"},
		{"社保\xe7\xaa", "valid text then a truncated character"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		long n = chars(bad[i].s);
		if (n != -1)
			print_error("%s: %ld, want -1\n", bad[i].why, n);
		assert_int_equal(n, -1);
	}
	/* a complete character cut short by the length given */
	assert_int_equal(wb_text_chars("社保窗口", 5), -1);
	assert_int_equal(wb_text_chars("社保窗口", 4), -1);
	assert_int_equal(wb_text_chars("\xf0\x9f\x98\x80", 3), -1);
}

static void test_chars_controls(void **state)
{
	(void)state;
	/* embedded NUL: only seen when the length is given */
	assert_int_equal(CHARS_LIT("a\0b"), -1);
	assert_int_equal(CHARS_LIT("\0"), -1);
	assert_int_equal(CHARS_LIT("社保\0"), -1);
	assert_int_equal(CHARS_LIT("ab"), 2);
	static const char *const ctl[] = {"\x01",    "a\x07", "\x08", "\x0b",    "\x0c",
					  "\x1b[0m", "\x1f",  "\x7f", "ok\x7fok"};
	for (size_t i = 0; i < sizeof ctl / sizeof *ctl; i++) {
		long n = chars(ctl[i]);
		if (n != -1)
			print_error("control #%zu: %ld, want -1\n", i, n);
		assert_int_equal(n, -1);
	}
	/* the characters either side of the controls are fine */
	assert_int_equal(chars("\x20"), 1);
	assert_int_equal(chars("~"), 1);
}

static void test_phone(void **state)
{
	(void)state;
	static const char *const good[] = {
		"13800138000",    "138 0013 8000", "138-0013-8000", "+86 138 0013 8000",
		"+8613800138000", "021-12345678",  "110",           "12345678901234567890", /* 20 */
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		if (!wb_text_is_phone(good[i]))
			print_error("phone \"%s\" rejected\n", good[i]);
		assert_true(wb_text_is_phone(good[i]));
	}
	static const char *const bad[] = {
		"",
		"12",                    /* too short */
		"123456789012345678901", /* 21 */
		"13800138000x",
		"1380013800O", /* letter O */
		"138+0013",    /* + only first */
		"++8613800",
		"(021)1234567",
		"1.380.013",
		"- - -", /* no digits */
		"+ 1 2", /* two digits only */
		"13800138000\n",
		"１３８００１３８０００", /* full-width digits */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (wb_text_is_phone(bad[i]))
			print_error("phone \"%s\" accepted\n", bad[i]);
		assert_false(wb_text_is_phone(bad[i]));
	}
}

static void test_username(void **state)
{
	(void)state;
	static const char *const good[] = {
		"abc", "admin", "zhang.san", "li_si-2",
		"A1b", "0ab",   "u.-_",      "abcdefghijklmnopqrstuvwxyz012345", /* 32 */
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		if (!wb_text_is_username(good[i]))
			print_error("username \"%s\" rejected\n", good[i]);
		assert_true(wb_text_is_username(good[i]));
	}
	static const char *const bad[] = {
		"",
		"ab",
		"A1",
		".abc",
		"_abc",
		"-abc",
		"ab c",
		"abc!",
		"张三",
		"abc\n",
		"abcdefghijklmnopqrstuvwxyz0123456", /* 33 */
		"a@b.c",
		"a/b",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (wb_text_is_username(bad[i]))
			print_error("username \"%s\" accepted\n", bad[i]);
		assert_false(wb_text_is_username(bad[i]));
	}
}

static void test_code(void **state)
{
	(void)state;
	static const char *const good[] = {
		"A",  "1",     ".",       "_x",
		"-x", "JF-01", "st.03_a", "abcdefghijklmnopqrstuvwxyz012345", /* 32 */
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		if (!wb_text_is_code(good[i]))
			print_error("code \"%s\" rejected\n", good[i]);
		assert_true(wb_text_is_code(good[i]));
	}
	static const char *const bad[] = {
		"", "a b", "a/b", "代码", "a\t", "abcdefghijklmnopqrstuvwxyz0123456", /* 33 */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (wb_text_is_code(bad[i]))
			print_error("code \"%s\" accepted\n", bad[i]);
		assert_false(wb_text_is_code(bad[i]));
	}
}

static void test_has_content(void **state)
{
	(void)state;
	assert_false(wb_text_has_content(NULL));
	assert_false(wb_text_has_content(""));
	assert_false(wb_text_has_content(" "));
	assert_false(wb_text_has_content(" \t\r\n \n"));
	assert_true(wb_text_has_content("x"));
	assert_true(wb_text_has_content("  x  "));
	assert_true(wb_text_has_content("\n\t不"));
	assert_true(wb_text_has_content("0"));
	assert_true(wb_text_has_content("."));
	/* U+3000 (ideographic space) alone is empty; with a character it is content. */
	assert_false(wb_text_has_content("\xe3\x80\x80"));
	assert_false(wb_text_has_content(" \xe3\x80\x80\xe3\x80\x80\t"));
	assert_true(wb_text_has_content("\xe3\x80\x80整改\xe3\x80\x80"));
	assert_true(wb_text_has_content("\xe3\x80"));
}

/* Similarity: Dice over character bigrams, values worked out by hand in the comments. */
static double sim(const char *a, const char *b)
{
	return wb_text_similarity(a, b);
}

/* cmocka's assert_float_equal works in float; these values are doubles. */
#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-12)

static void test_bigrams(void **state)
{
	(void)state;
	uint64_t k[64];
	/* 社保窗口: 社保, 保窗, 窗口. */
	assert_int_equal(wb_text_bigrams("社保窗口", strlen("社保窗口"), k), 3);
	/* Punctuation and spaces are dropped before pairing: 排队时间 → 排队, 队时, 时间. */
	assert_int_equal(wb_text_bigrams("排队，时间", strlen("排队，时间"), k), 3);
	assert_int_equal(wb_text_bigrams(" 排队 。「时间」！", strlen(" 排队 。「时间」！"), k), 3);
	/* Sorted ascending. */
	for (int i = 1; i < 3; i++)
		assert_true(k[i - 1] <= k[i]);
	assert_int_equal(wb_text_bigrams("", 0, k), 0);
	assert_int_equal(wb_text_bigrams("好", strlen("好"), k), 0);
	assert_int_equal(wb_text_bigrams("，。！？、", strlen("，。！？、"), k), 0);
	/* ASCII: "a-b c" keeps a, b, c: ab, bc. */
	assert_int_equal(wb_text_bigrams("a-b c", 5, k), 2);
	/* An invalid byte is a character of its own: x, 0xff, y → 2 bigrams. */
	assert_int_equal(wb_text_bigrams("x\xffy", 3, k), 2);
}

static void test_similarity_values(void **state)
{
	(void)state;
	/* Identical, and identical once punctuation and spaces are gone. */
	assert_true(sim("社保窗口排队时间长", "社保窗口排队时间长") == 1.0);
	assert_true(sim("排队，时间长！", "排队 时间长") == 1.0);
	assert_true(sim("“窗口”态度差。", "窗口态度差") == 1.0);
	/* A: 社保 保窗 窗口 口排 排队 队时 时间 间长 (8); B: 社保 保窗 窗口 口排 排队 队太 太久
	 * (7); 5 in common: 2 * 5 / 15. */
	assert_near(sim("社保窗口排队时间长", "社保窗口排队太久"), 10.0 / 15.0);
	/* A: 审批 批材 材料 料反 反复 复退 退回 (7); B: 审批 批材 材料 料太 太多 (5); 3 in common:
	 * 6 / 12. */
	assert_near(sim("审批材料反复退回", "审批材料太多"), 0.5);
	/* The ranking texts of the API test: the reference has 17 bigrams, the first text's 8
	 * all among them (16 / 25), the second shares 社保 保窗 窗口 (6 / 25). */
	const char *ref = "社保窗口排队时间长，群众等候超过一小时";
	assert_near(sim(ref, "社保窗口排队时间长"), 0.64);
	assert_near(sim(ref, "社保窗口人员态度差"), 0.24);
	assert_near(sim(ref, "道路积水严重"), 0.0);
	/* Symmetric. */
	assert_near(sim("社保窗口人员态度差", ref), 0.24);
	/* Multisets: 哈哈哈 has 哈哈 twice, 哈哈 once; one in common: 2 * 1 / 3. */
	assert_near(sim("哈哈哈", "哈哈"), 2.0 / 3.0);
	/* Mixed text; ASCII letters are compared without case: a1 1号 号窗 窗口 (4) against
	 * a1 1号 号窗 窗口 口慢 (5): 8 / 9. */
	assert_near(sim("A1号窗口", "a1号窗口慢"), 8.0 / 9.0);
	/* Nothing in common, and texts without any bigram. */
	assert_near(sim("窗口态度差", "道路积水严重"), 0.0);
	assert_near(sim("", ""), 0.0);
	assert_near(sim("好", "好"), 0.0);
	assert_near(sim("好", "好评"), 0.0);
	assert_near(sim("。。。", "，，"), 0.0);
	/* Bigrams do not depend on byte offsets: a 4-byte character among 3-byte ones. */
	assert_near(sim("窗😀口", "窗😀口"), 1.0);
	assert_near(sim("窗😀口", "窗口"), 0.0);
}

static void test_dice_sorted(void **state)
{
	(void)state;
	const uint64_t a[] = {1, 2, 2, 3}, b[] = {2, 2, 2, 4};
	/* {2, 2} in common: 2 * 2 / 8. */
	assert_near(wb_bigram_dice(a, 4, b, 4), 0.5);
	assert_near(wb_bigram_dice(a, 4, a, 4), 1.0);
	assert_near(wb_bigram_dice(a, 4, b, 0), 0.0);
	assert_near(wb_bigram_dice(NULL, 0, NULL, 0), 0.0);
}

static void test_one_line(void **state)
{
	(void)state;
	assert_true(wb_text_is_line("区住建局"));
	assert_false(wb_text_is_line("区住建局\n"));
	assert_false(wb_text_is_line("区\r住建局"));
	assert_false(wb_text_is_line("区\t住建局"));
}

static void test_weak_password(void **state)
{
	(void)state;
	/* the commonest, in any case */
	assert_true(wb_password_weak("1234567890"));
	assert_true(wb_password_weak("QWERTYUIOP"));
	assert_true(wb_password_weak("Password123"));
	/* one character, or a run over most of it */
	assert_true(wb_password_weak("aaaaaaaaaa"));
	assert_true(wb_password_weak("abcdefghijkl"));
	assert_true(wb_password_weak("9876543210x")); /* a run of 10 of 11 */
	assert_true(wb_password_weak("ababababab"));  /* two characters */
	assert_true(wb_password_weak("1111122222"));
	/* real ones pass */
	assert_false(wb_password_weak("Wubiao-Test-Pass-2026"));
	assert_false(wb_password_weak("Xk9-Pl2q-Rw7t"));
	assert_false(wb_password_weak("correct horse battery"));
	assert_false(wb_password_weak("abcd-7Kx!29q")); /* a short run is fine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chars_counts),
		cmocka_unit_test(test_chars_whitespace),
		cmocka_unit_test(test_chars_invalid_utf8),
		cmocka_unit_test(test_chars_controls),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_has_content),
		cmocka_unit_test(test_bigrams),
		cmocka_unit_test(test_similarity_values),
		cmocka_unit_test(test_dice_sorted),
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_weak_password),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
