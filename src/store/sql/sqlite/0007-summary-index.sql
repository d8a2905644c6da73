-- wubiao schema, version 7: the home page counts opinions by status in the caller's scope
-- (GET /summary) through a covering index, without reading their texts.
CREATE INDEX opinions_summary ON opinions(campaign_id, status, point_id, target_unit_id);
