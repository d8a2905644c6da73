# wubiao: build, run, test, bench.
#   make run    install what is missing, build, create a demo database, serve on :8080
#   make test   build and run every test suite, also under ASan + UBSan
#   make bench  throughput and latency figures (not part of make test)
#   make bench-compare BASE=REV  instructions per request, this tree against commit REV
#   make fuzz   each libFuzzer target for FUZZ_SECONDS (default 60); make test runs each for 3 s

CC       ?= gcc
BUILD    ?= build
SAN      ?=
PORT     ?= 8080
DB       ?= data/wubiao.db
KEY      ?= data/wubiao.key

PKGS     := libmicrohttpd jansson sqlite3 libsodium xlsxwriter libpq gsl
DEB_PKGS := build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev \
            libsodium-dev libcsv-dev libgsl-dev libcmocka-dev libcurl4-openssl-dev libxlsxwriter-dev sqlite3 curl unzip \
            valgrind libpq-dev postgresql-15 clang-format
BENCH_DEB:= wrk time valgrind
# libFuzzer, its sanitizer runtimes and llvm-symbolizer for readable reports
FUZZ_DEB := clang-14 libclang-rt-14-dev llvm-14
# the web UI's packages (npm) and the browser tests: Node.js, npm, Debian's chromium, CJK fonts
WEB_DEB  := nodejs npm chromium fonts-noto-cjk
VENDOR   := web/vendor/echarts.min.js web/vendor/qrcode.mjs

CFLAGS_BASE := -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers \
               -g -MMD -MP $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ifeq ($(SAN),1)
CFLAGS_OPT := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS_SAN := -fsanitize=address,undefined
else
CFLAGS_OPT := -O2
LDFLAGS_SAN :=
endif
CFLAGS  := $(CFLAGS_BASE) $(CFLAGS_OPT) $(EXTRA_CFLAGS)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm
TLIBS   := $(LIBS) -lcmocka $(shell pkg-config --libs libcurl 2>/dev/null)

CORE_SRC:= $(wildcard src/util/*.c src/core/*.c)
LIB_SRC := $(CORE_SRC) $(wildcard src/store/*.c src/svc/*.c src/export/*.c src/http/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
SQL     := $(sort $(wildcard src/store/sql/sqlite/*.sql))
PG_SQL  := $(sort $(wildcard src/store/sql/pg/*.sql))
CALENDARS := $(sort $(wildcard calendars/*.csv))
GEN_SRC := $(BUILD)/gen/sqlite_migrations.c $(BUILD)/gen/pg_migrations.c $(BUILD)/gen/calendars.c

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(GEN_SRC:.c=.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
CORE_OBJ:= $(CORE_SRC:%.c=$(BUILD)/%.o)

TEST_CORE  := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/core/test_*.c tests/store/test_*.c))
TEST_HTTP  := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/http/test_*.c tests/cli/test_*.c))
TEST_HELP  := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/http/harness.c))
TEST_PG    := $(BUILD)/tests/pg/pg_fixture.o

.PHONY: all deps run test test-build test-web check bench bench-compare demo clean fmt crash-test valgrind soak \
        fuzz fuzz-build
all: $(BUILD)/wubiao

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/gen/sqlite_migrations.c: $(SQL) tools/embed-sql.sh
	@mkdir -p $(dir $@)
	sh tools/embed-sql.sh sqlite $(SQL) > $@

$(BUILD)/gen/pg_migrations.c: $(PG_SQL) tools/embed-sql.sh
	@mkdir -p $(dir $@)
	sh tools/embed-sql.sh pg $(PG_SQL) > $@

$(BUILD)/gen/calendars.c: $(CALENDARS) tools/embed-calendars.sh
	@mkdir -p $(dir $@)
	sh tools/embed-calendars.sh $(CALENDARS) > $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) -Isrc/store -Isrc/cli -c $< -o $@

$(BUILD)/libwubiao.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/wubiao: $(CLI_OBJ) $(BUILD)/libwubiao.a
	$(CC) $(LDFLAGS_SAN) -o $@ $(CLI_OBJ) $(BUILD)/libwubiao.a $(LIBS)

$(BUILD)/libcore.a: $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

# Core tests need only util and core: no database, no server.
$(BUILD)/tests/core/%: $(BUILD)/tests/core/%.o $(BUILD)/libcore.a
	$(CC) $(LDFLAGS_SAN) -o $@ $< $(BUILD)/libcore.a $(TLIBS)
$(BUILD)/tests/store/%: $(BUILD)/tests/store/%.o $(TEST_PG) $(BUILD)/libwubiao.a
	$(CC) $(LDFLAGS_SAN) -o $@ $< $(TEST_PG) $(BUILD)/libwubiao.a $(TLIBS)
$(BUILD)/tests/http/%: $(BUILD)/tests/http/%.o $(TEST_HELP) $(TEST_PG) $(BUILD)/libwubiao.a
	$(CC) $(LDFLAGS_SAN) -o $@ $< $(TEST_HELP) $(TEST_PG) $(BUILD)/libwubiao.a $(TLIBS)
$(BUILD)/tests/cli/%: $(BUILD)/tests/cli/%.o $(TEST_PG) $(BUILD)/libwubiao.a
	$(CC) $(LDFLAGS_SAN) -o $@ $< $(TEST_PG) $(BUILD)/libwubiao.a $(TLIBS)

test-build: $(BUILD)/wubiao $(TEST_CORE) $(TEST_HTTP)

# Installs the Debian packages the build and tests need when any is missing (as root).
deps:
	@sh tools/deps.sh --npm $(DEB_PKGS) $(WEB_DEB)

# ECharts and the QR code generator (the public's receipt) for the UI, copied from their
# npm packages (web/vendor/ is not committed).
node_modules/echarts/dist/echarts.min.js node_modules/qrcode-generator/dist/qrcode.mjs: package-lock.json
	@sh tools/deps.sh --npm $(WEB_DEB)
	@test -f $@ && touch $@
web/vendor/echarts.min.js: node_modules/echarts/dist/echarts.min.js
	@mkdir -p $(dir $@)
	cp $< $@
web/vendor/qrcode.mjs: node_modules/qrcode-generator/dist/qrcode.mjs
	@mkdir -p $(dir $@)
	cp $< $@

run: deps
	$(MAKE) --no-print-directory all $(VENDOR)
	@mkdir -p data
	@if [ ! -f $(DB) ]; then ./$(BUILD)/wubiao demo --db $(DB) --key-file $(KEY) --logins data/demo-logins.txt; fi
	@echo "wubiao: serving http://127.0.0.1:$(PORT)/  (demo logins: data/demo-logins.txt)"
	@cat data/demo-logins.txt 2>/dev/null || true
	./$(BUILD)/wubiao serve --db $(DB) --key-file $(KEY) --listen 127.0.0.1:$(PORT) --web web

# Every suite, in a plain build and in an ASan + UBSan build; one summary line at the end.
test: deps
	@sh tools/deps.sh $(FUZZ_DEB)
	$(MAKE) --no-print-directory test-build $(VENDOR)
	$(MAKE) --no-print-directory test-build BUILD=build/san SAN=1
	$(MAKE) --no-print-directory fuzz-build
	@sh tests/run.sh build build/san

check: test

# One pipeline run with every wubiao process under valgrind memcheck (part of make test).
valgrind: deps
	$(MAKE) --no-print-directory test-build
	@sh tests/valgrind/pipeline.sh $(BUILD)

# The browser tests alone, against the plain build's binary (see tests/web/run.mjs).
test-web: deps
	$(MAKE) --no-print-directory all $(VENDOR)
	node tests/web/run.mjs

# The crash test in full: 50 SIGKILLs under a mixed write load (make test runs 5).
CRASH_KILLS ?= 50
crash-test: deps
	$(MAKE) --no-print-directory all
	node tests/crash/crash.mjs --bin $(BUILD)/wubiao --kills $(CRASH_KILLS)

bench: deps
	@sh tools/deps.sh $(BENCH_DEB)
	$(MAKE) --no-print-directory all bench-build
	@sh bench/run.sh $(BUILD)
	@sh bench/instructions.sh $(BUILD)/wubiao
	@sh bench/soak.sh $(BUILD)

# Instructions per request of this build against another commit's (BASE=REV, default HEAD):
# a change of a few per cent that req/s on a shared machine cannot show.
BASE ?= HEAD
bench-compare: deps
	@sh tools/deps.sh $(BENCH_DEB)
	$(MAKE) --no-print-directory all
	@rm -rf $(BUILD)/base && git worktree prune && git worktree add -f --detach $(BUILD)/base $(BASE)
	$(MAKE) --no-print-directory -C $(BUILD)/base all
	@sh bench/instructions.sh $(BUILD)/base/build/wubiao $(BUILD)/wubiao
	@git worktree remove --force $(BUILD)/base

# 64 connections of mixed reads and writes for 30 + 60 s: no error, no memory growth.
soak: deps
	@sh tools/deps.sh $(BENCH_DEB)
	$(MAKE) --no-print-directory all
	@sh bench/soak.sh $(BUILD)

bench-build: $(BUILD)/bench/hello
$(BUILD)/bench/hello: bench/hello.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIBS)

# ---- fuzzing: clang 14 libFuzzer with ASan + UBSan, every source but main() ----
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := $(CFLAGS_BASE) -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=undefined
FUZZ_SRC     := $(LIB_SRC) $(filter-out src/cli/main.c,$(CLI_SRC)) fuzz/api.c
FUZZ_OBJ     := $(FUZZ_SRC:%.c=build/fuzz/obj/%.o) build/fuzz/obj/gen/sqlite_migrations.o \
                build/fuzz/obj/gen/pg_migrations.o build/fuzz/obj/gen/calendars.o
FUZZ_BIN     := $(patsubst fuzz/%.c,build/fuzz/%,$(wildcard fuzz/fuzz_*.c))

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
build/fuzz/obj/gen/%.o: build/fuzz/gen/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc/store -Isrc/cli -c $< -o $@
build/fuzz/gen/sqlite_migrations.c: $(SQL) tools/embed-sql.sh
	@mkdir -p $(dir $@)
	sh tools/embed-sql.sh sqlite $(SQL) > $@
build/fuzz/gen/pg_migrations.c: $(PG_SQL) tools/embed-sql.sh
	@mkdir -p $(dir $@)
	sh tools/embed-sql.sh pg $(PG_SQL) > $@
build/fuzz/gen/calendars.c: $(CALENDARS) tools/embed-calendars.sh
	@mkdir -p $(dir $@)
	sh tools/embed-calendars.sh $(CALENDARS) > $@
build/fuzz/fuzz_%: build/fuzz/obj/fuzz/fuzz_%.o $(FUZZ_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS)

fuzz-build: $(FUZZ_BIN)

# Each target for FUZZ_SECONDS, starting from its committed corpus (fuzz/corpus/<target>/).
fuzz: deps
	@sh tools/deps.sh $(FUZZ_DEB)
	$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh fuzz/run.sh build/fuzz

clean:
	rm -rf build

# Format the files changed since every file was formatted (make test checks them).
fmt:
	@sh tools/check-format.sh --write

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
