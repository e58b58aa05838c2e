-- Citations in the thesis language: "&" in narrative citations. It runs after pandoc's --citeproc.
--
-- APA joins the last two authors with "&" in parentheses and with the word in running text:
-- "(Berger & Calabrese, 1975)" but "Berger dan Calabrese (1975)". A CSL style cannot tell the two apart
-- when it chooses, so after citeproc the "&" before the date of an author-in-text citation becomes the word
-- of the thesis language (AND below; a language missing there keeps "&"). An "&" that belongs to a name
-- ("Johnson & Johnson (2020)") stays: the names of the cited works come from the CSL JSON bibliography.
--
-- (Titles: the literature stage hands citeproc CSL JSON whose titles are already in sentence case, see
-- naskah.literature.csljson; pandoc would not convert them under `lang: id-ID`.)

local AND = { id = "dan", ms = "dan", en = "and" }

local stringify = pandoc.utils.stringify

local function language(meta)
  local lang = meta.lang and stringify(meta.lang) or "en"
  return (lang:match("^(%a+)") or "en"):lower()
end

local function as_list(value)
  if value == nil then return pandoc.List() end
  if pandoc.utils.type(value) == "List" then return pandoc.List(value) end
  return pandoc.List({ value })
end

-- id → the names of that reference (any role) that contain "&", e.g. { "Johnson & Johnson" }, from the
-- CSL JSON bibliographies (names as CSL JSON writes them: "literal" or "family")
local function ampersand_names(meta)
  local found = {}
  for _, path in ipairs(as_list(meta.bibliography):map(stringify)) do
    if path:lower():match("%.json$") then
      local file = io.open(path, "r")
      if file then
        local items = pandoc.json.decode(file:read("a"), false)
        file:close()
        for _, item in ipairs(items or {}) do
          local names = {}
          for _, value in pairs(item) do
            if type(value) == "table" then
              for _, name in ipairs(value) do
                local text = type(name) == "table" and (name.literal or name.family)
                if type(text) == "string" and text:find("&", 1, true) then table.insert(names, text) end
              end
            end
          end
          if item.id then found[tostring(item.id)] = names end
        end
      end
    end
  end
  return found
end

-- An author-in-text citation with its joining "&" replaced by *word*. The names are what comes
-- before the "(" that opens the date; an "&" inside one of *protected* (names of the cited works)
-- stays. Nil when there is nothing to change.
local function narrative(cite, word, protected)
  for _, citation in ipairs(cite.citations) do
    if citation.mode ~= "AuthorInText" then return nil end
  end
  local content, text, starts, stop = cite.content, "", {}, #cite.content
  for i, inline in ipairs(content) do
    if inline.t == "Str" and inline.text:sub(1, 1) == "(" then
      stop = i - 1
      break
    end
    starts[i] = #text + 1
    text = text .. ((inline.t == "Space" or inline.t == "SoftBreak") and " " or stringify(inline))
  end
  local inside = {}
  for _, name in ipairs(protected) do
    local from = 1
    while true do
      local first, last = text:find(name, from, true)
      if not first then break end
      for k = first, last do inside[k] = true end
      from = last + 1
    end
  end
  local changed = false
  for i = 1, stop do
    if content[i].t == "Str" and content[i].text == "&" and not inside[starts[i]] then
      content[i] = pandoc.Str(word)
      changed = true
    end
  end
  if changed then
    cite.content = content
    return cite
  end
end

local word, protected = nil, {}

local function read_meta(meta)
  word = AND[language(meta)]
  if word then protected = ampersand_names(meta) end
  -- the citations are rendered text already (citeproc ran before the filters): a typst template given
  -- `bibliography` and `csl` would set up typst's own bibliography besides, and Word keeps unknown metadata
  -- as document properties, so the DOCX carried the CSL file's absolute path — a different file on every
  -- machine naskah is installed on, where an examiner's rebuild must give the same bytes
  if FORMAT:match("typst") or FORMAT:match("docx") then
    meta.bibliography, meta.csl = nil, nil
    return meta
  end
  return nil
end

local function Cite(cite)
  if not word then return nil end
  local names = {}
  for _, citation in ipairs(cite.citations) do
    for _, name in ipairs(protected[citation.id] or {}) do table.insert(names, name) end
  end
  return narrative(cite, word, names)
end

return { { Meta = read_meta }, { Cite = Cite } }
