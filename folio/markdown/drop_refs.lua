-- Runs after --citeproc on one chapter: citations stay linked to #ref-KEY, but
-- the reference list itself is dropped, since the report prints one
-- bibliography for all chapters.
function Div(el)
  if el.identifier == "refs" then
    return {}
  end
end
