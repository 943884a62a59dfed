-- Instagram Graph API IG Media (raw.instagram_graph__media) as canonical post snapshots. Only renames
-- and casts. like_count is absent when the owner hides likes: likes stay null (unknown), never 0.
-- The select list is shared with stg_instagram_graph__business_discovery_media
-- (macros/native_staging_selects.sql).
{{ instagram_graph_media_post_snapshots(source('raw', 'instagram_graph__media')) }}
