-- naskah's pandoc filter: the concern filters of the output format (one file each, in this folder), run in
-- one Lua state and in as few passes over the document as their order allows.
--
-- Each concern file returns a list of filter tables, pandoc's own convention, so that each still runs
-- alone (`pandoc --lua-filter citations.lua …`, as the golden tests do). Given to pandoc as separate
-- --lua-filter arguments, every table is a pass over the whole document and every Meta function a copy of
-- the metadata into Lua: together they cost a render more than pandoc's own reading and writing. Here:
--
-- * all Meta functions run first, in concern order, on one copy of the metadata (they read settings);
-- * then the other tables in concern order, where adjacent tables of *different* concerns that handle
--   *different* element types become one pass (a concern's own tables keep their order and separation,
--   and a table with a Pandoc or list function — Blocks, Inlines — stays a pass of its own).
--
-- The per-format table below says which concerns run for which format, in which order.

local CONCERNS = {
  html = { "citations", "provenance", "layout", "images" },
  docx = { "citations", "provenance", "layout", "docx", "images" },
  typst = { "citations", "provenance", "layout", "images", "typst", "typst-tables" },
}

local here = pandoc.path.directory(PANDOC_SCRIPT_FILE)

local function format()
  if FORMAT:match("typst") then return "typst" elseif FORMAT:match("docx") then return "docx" else return "html" end
end

local ALONE = { Pandoc = true, Blocks = true, Inlines = true, Meta = true }

local function stands_alone(tbl)
  for name in pairs(tbl) do
    if ALONE[name] then return true end
  end
  return false
end

local function disjoint(a, b)
  for name in pairs(b) do
    if a[name] then return false end
  end
  return true
end

-- the passes: { metas = { Meta functions }, passes = { filter tables } }
local function schedule(names)
  local metas, passes = {}, {}
  local merged, owners = nil, {}
  local function flush()
    if merged then table.insert(passes, merged) end
    merged, owners = nil, {}
  end
  for _, name in ipairs(names) do
    local filters = dofile(pandoc.path.join({ here, name .. ".lua" }))
    for _, tbl in ipairs(filters) do
      local rest = {}
      for key, fn in pairs(tbl) do
        if key == "Meta" then table.insert(metas, fn) elseif key ~= "traverse" then rest[key] = fn end
      end
      if next(rest) ~= nil then
        if tbl.traverse or stands_alone(rest) then
          flush()
          rest.traverse = tbl.traverse
          table.insert(passes, rest)
        elseif merged and not owners[name] and disjoint(merged, rest) then
          for key, fn in pairs(rest) do merged[key] = fn end
          owners[name] = true
        else
          flush()
          merged, owners = rest, { [name] = true }
        end
      end
    end
  end
  flush()
  return metas, passes
end

local metas, passes = schedule(CONCERNS[format()])

local filter = {
  {
    Meta = function(meta)
      for _, fn in ipairs(metas) do
        local result = fn(meta)
        if result ~= nil then meta = result end
      end
      return meta
    end,
  },
}
for _, pass in ipairs(passes) do table.insert(filter, pass) end
return filter
