#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets into fuzz/corpus/<target>/.

An API input is three bytes (route index, caller, id) and a payload; see fuzz/api.h.
The route indexes follow the tables in fuzz_body.c and fuzz_query.c.
Callers: 0 nobody, 1 admin, 2 leader, 3 station, 4 point, 5 unit, 6 admin cookie without
X-Requested-With, 7 admin cookie with it.
"""
import hashlib
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

BODY = [  # (route index, caller, id, body)
    (0, 0, 0, '{"username":"admin","password":"wrong-password"}'),
    (1, 1, 0, '{"name":"区交通运输局","kind":"department","station_id":2,"code":"jtj"}'),
    (2, 1, 20, '{"name":"区交通委","code":"jtw"}'),
    (3, 1, 0, '{"username":"point99","display_name":"新监测点","role":"point","unit_id":8,"password":"Pass-word-2026"}'),
    (4, 1, 0, '{"name":"2027年度民主评议","year":2027,"phases":[{"kind":"survey","starts_on":"2027-03-01","ends_on":"2027-05-31"},{"kind":"rectify","starts_on":"2027-06-01","ends_on":"2027-09-30"}]}'),
    (5, 1, 0, '{"valid_from":"2027-01-01","min_count":20,"scale":{"satisfied":100,"basically_satisfied":80,"unsatisfied":0}}'),
    (6, 1, 0, '{"kind":"holiday"}'),
    (7, 1, 0, ''),
    (8, 4, 0, '{"target_unit_id":20,"dimension":"efficiency","source":"public","channel":"forum","content":"不动产登记要跑三次，材料清单不一致","submitter_name":"王女士","submitter_phone":"13800001111","received_at":"2026-03-01T10:00:00+08:00"}'),
    (9, 3, 5, '{"reason":"与本次评议无关"}'),
    (10, 3, 0, '{"campaign_id":1,"target_unit_id":20,"dimension":"conduct","title":"窗口工作人员态度冷淡","summary":"多名群众反映","opinion_ids":[1,2,3],"severity":"important","category":"服务态度"}'),
    (11, 3, 4, '{"opinion_ids":[7,8]}'),
    (12, 1, 1, '{"unit_id":20,"due_workdays":10}'),
    (13, 5, 2, ''),
    (14, 5, 2, '{"reason":"不属于本单位职责"}'),
    (15, 5, 3, '{"reply":"已整改","plan":"加强培训","measures":"增设窗口","done":false}'),
    (16, 5, 3, '{"percent":50,"note":"已完成一半"}'),
    (17, 5, 3, '{"due_on":"2026-06-30","reason":"需要采购设备"}'),
    (18, 1, 3, '{"approved":true,"due_on":"2026-06-30"}'),
    (19, 3, 6, '{"passed":true,"evidence":"现场核查","note":"属实"}'),
    (20, 3, 6, '{"rating":"satisfied","note":"满意"}'),
    (21, 1, 6, ''),
    (22, 1, 9, '{"reason":"群众反映问题反弹"}'),
    (23, 1, 10, '{"flagged":true,"due_on":"2026-04-30","bulletin":"挂牌督办：区不动产登记中心办事难"}'),
    (24, 1, 10, '{"unit_id":20,"person":"张某","kind":"admonition","note":"约谈","decided_on":"2026-03-01"}'),
    (25, 0, 0, '{"target_unit_id":20,"dimension":"conduct","content":"办事窗口排队太久","submitter_name":"李先生","submitter_phone":"13900002222"}'),
    (26, 0, 1, '{"rating":"basically_satisfied","note":"有改进"}'),
    (8, 6, 0, '{"target_unit_id":20,"dimension":"conduct","source":"public","channel":"online","content":"cookie without the header"}'),
    (8, 7, 0, '{"target_unit_id":20,"dimension":"conduct","source":"npc_deputy","channel":"interview","content":"人大代表反映"}'),
    (10, 1, 0, '{"campaign_id":1,"target_unit_id":20,"dimension":"conduct","title":"x","opinion_ids":[9007199254740993]}'),
    (8, 1, 0, '{"target_unit_id":20,"dimension":"conduct","source":"public","channel":"forum","content":"\\u0000"}'),
    (0, 0, 0, '{"username":"a","username":"b"}'),
    (12, 1, 1, '[1,2,3]'),
    (16, 5, 3, '{"percent":1e400}'),
]

QUERY = [
    (1, 1, 0, 'kind=department&limit=20'),
    (1, 1, 0, 'parent_id=1&station_id=2&cursor=5'),
    (4, 1, 0, 'limit=500&cursor=1'),
    (7, 1, 1, 'level=unit&month=2026-03'),
    (7, 2, 1, 'level=station&quarter=2026-Q1&format=csv'),
    (7, 1, 1, 'from=2026-01-01&to=2026-03-31&format=xlsx'),
    (8, 1, 1, 'format=csv&status=received&from=2026-01-01&to=2026-12-31'),
    (8, 3, 2, 'format=xlsx&split=unit&unit_id=20'),
    (8, 1, 3, 'format=json&station_id=2&point_id=8'),
    (10, 1, 0, 'from=2026-01-01&to=2026-12-31'),
    (11, 1, 0, 'from=2026-03-02&workdays=10&severity=urgent'),
    (13, 5, 0, 'campaign_id=1'),
    (14, 4, 0, 'status=received&dimension=conduct&source=public&channel=forum&limit=10'),
    (14, 1, 0, 'campaign_id=1&point_id=8&target_unit_id=20&problem_id=3&cursor=100'),
    (16, 3, 5, 'limit=10&min=0.3'),
    (17, 1, 0, 'status=dispatched&overdue=true&flagged=0&limit=5'),
    (17, 5, 0, 'due_soon=1&extension_pending=true&severity=important&unit_id=20'),
    (17, 1, 0, 'limit=0&cursor=-1&status=%E4%B8%AD'),
    (25, 0, 0, 'limit=3'),
    (5, 1, 1, 'on=2026-03-02'),
    (9, 1, 0, 'on=2026-03-02'),
    (26, 0, 1, ''),
    (20, 1, 7, ''),
    (17, 1, 0, 'limit=99999999999999999999&cursor=9223372036854775808'),
    (14, 1, 0, 'status=received&status=merged&&=&a'),
]

CALENDAR = {
    "holidays-2026": "date,kind\n2026-01-01,holiday\n2026-02-16,holiday\n2026-02-17,holiday\n2026-02-14,workday\n2026-10-01,holiday\n2026-10-10,workday\n",
    "bom-crlf": "\ufeffdate,kind\r\n2026-05-01,holiday\r\n2026-04-26,workday\r\n",
    "comments": "# 2027 public holidays\n\n2027-01-01,holiday\n# make-up day\n2027-01-03,workday\n",
    "bad-kind": "2026-05-04,vacation\n",
    "bad-date": "2026-02-30,holiday\n",
    "weekday-workday": "2026-03-02,workday\n",
    "no-comma": "2026-03-02 holiday\n",
    "duplicate": "2026-10-01,holiday\n2026-10-01,workday\n",
}


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def api(target, seeds):
    for route, caller, ident, payload in seeds:
        data = bytes([route, caller, ident]) + payload.encode()
        put(target, "seed-%02d-%s" % (route, hashlib.sha1(data).hexdigest()[:10]), data)


api("fuzz_body", BODY)
api("fuzz_query", QUERY)
for name, text in CALENDAR.items():
    put("fuzz_calendar", name + ".csv", text.encode())
