/*
 * Duties (docs/figures.md): the work with a deadline that the stages give points,
 * stations and units. A duty starts with its deadline fixed at that moment and the station
 * following its holder then, so later changes to the calendar, the settings or the units
 * move no published figure; it ends done, or released undone when the unit returns the
 * problem. The figures judge each by its own deadline (store/tally.c).
 */
#include "svc.h"

#include "../core/date.h"
#include "../core/enums.h"
#include "svc_int.h"

int svc_station_of(struct svc_ctx *c, int64_t unit_id, int64_t *station)
{
	*station = 0;
	if (unit_id <= 0)
		return 0;
	struct wb_unit u;
	int rc = store_unit_get(c->st, unit_id, c->a, &u);
	if (rc <= 0)
		return rc;
	*station = u.kind == UK_STATION ? u.id : u.kind == UK_POINT ? u.parent_id : u.station_id;
	return 0;
}

int svc_duty_start(struct svc_ctx *c, const struct wb_duty *in, int workdays)
{
	struct wb_duty d = *in;
	if (d.holder_id <= 0)
		return 0; /* nobody holds it: no station follows the unit */
	if (d.started_at == 0)
		d.started_at = c->now;
	int rc = 0;
	if (workdays > 0)
		rc = svc_workday_add(c, wb_date_of_time(d.started_at, c->cfg.tz_min), workdays,
				     &d.due_on);
	if (rc == 0)
		rc = svc_station_of(c, d.holder_id, &d.station_id);
	if (rc == 0 && d.by_unit_id == 0)
		d.by_unit_id = c->who.unit_id;
	if (rc == 0)
		rc = store_duty_insert(c->st, &d);
	return rc < 0 ? rc : 0;
}

int svc_duty_end(struct svc_ctx *c, enum wb_duty_kind kind, int64_t problem_id, int64_t opinion_id,
		 int released)
{
	int rc = store_duty_end(c->st, kind, problem_id, opinion_id, c->now, released);
	return rc < 0 ? rc : 0;
}
