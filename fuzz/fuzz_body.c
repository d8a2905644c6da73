/*
 * libFuzzer target: the JSON bodies of every POST, PUT and PATCH endpoint, through the
 * real server, handlers, services and store (see api.h for the input's layout).
 */
#include "api.h"

static const struct fz_route routes[] = {
	{"POST", "session"},
	{"POST", "units"},
	{"PATCH", "units/:id"},
	{"POST", "users"},
	{"POST", "campaigns"},
	{"POST", "schemes"},
	{"PUT", "calendar/:w"},
	{"POST", "reminders/run"},
	{"POST", "opinions"},
	{"POST", "opinions/:id/reject"},
	{"POST", "problems"},
	{"POST", "problems/:id/opinions"},
	{"POST", "problems/:id/dispatch"},
	{"POST", "problems/:id/acknowledge"},
	{"POST", "problems/:id/return"},
	{"POST", "problems/:id/feedback"},
	{"POST", "problems/:id/progress"},
	{"POST", "problems/:id/extension"},
	{"POST", "problems/:id/extension/decision"},
	{"POST", "problems/:id/verify"},
	{"POST", "problems/:id/evaluations"},
	{"POST", "problems/:id/close"},
	{"POST", "problems/:id/reopen"},
	{"POST", "problems/:id/flag"},
	{"POST", "problems/:id/accountability"},
	{"POST", "public/opinions"},
	{"POST", "public/track/:w/evaluation"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_api_init();
	fz_api_run(routes, sizeof routes / sizeof *routes, data, size, 0);
	return 0;
}
