/*
 * libFuzzer target: the query strings of every GET endpoint, through the real server,
 * handlers and store (see api.h for the input's layout; the payload is the query).
 */
#include "api.h"

static const struct fz_route routes[] = {
	{"GET", "session"},
	{"GET", "units"},
	{"GET", "units/:id"},
	{"GET", "units/:id/accountability"},
	{"GET", "users"},
	{"GET", "campaigns"},
	{"GET", "campaigns/:id"},
	{"GET", "campaigns/:id/scores"},
	{"GET", "campaigns/:id/forms/:id"},
	{"GET", "schemes/current"},
	{"GET", "calendar"},
	{"GET", "calendar/due"},
	{"GET", "audit/verify"},
	{"GET", "summary"},
	{"GET", "opinions"},
	{"GET", "opinions/:id"},
	{"GET", "opinions/:id/similar"},
	{"GET", "problems"},
	{"GET", "problems/:id"},
	{"GET", "problems/:id/opinions"},
	{"GET", "problems/:id/events"},
	{"GET", "problems/:id/progress"},
	{"GET", "problems/:id/evaluations"},
	{"GET", "problems/:id/accountability"},
	{"GET", "public/units"},
	{"GET", "public/bulletins"},
	{"GET", "public/track/:w"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_api_init();
	fz_api_run(routes, sizeof routes / sizeof *routes, data, size, 1);
	return 0;
}
