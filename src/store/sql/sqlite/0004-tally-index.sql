-- wubiao schema, version 4: the figures read opinions through a covering index, so a
-- campaign's million opinions are counted without reading their texts.
CREATE INDEX opinions_tally ON opinions(campaign_id, received_at, target_unit_id, point_id,
                                        source, channel, dimension, problem_id);
