"""Views by audience: `public` (anyone), `workspace` (dispatches to the per-role builders in
`caseworker`, `analyst`, `citizen`, `employer`) and `records` (library pages shared by every role,
always scoped by `visible_to`)."""
