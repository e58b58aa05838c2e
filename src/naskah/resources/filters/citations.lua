-- Citations in the thesis language. This filter runs citeproc itself (pandoc is called without
-- --citeproc) because two things pandoc's --citeproc does are wrong in an Indonesian thesis:
--
-- 1. Titles. BibTeX titles are written in title case and APA prints them in sentence case, but pandoc
--    converts them only when the *document* language is English: under `lang: id-ID` every title kept
--    its capitals ("The Interpersonal Communication Book"). Here .bib files are read as an English
--    document reads them (pandoc's BibTeX reader takes its language from LANG) and handed to citeproc
--    as `references`, whatever the thesis language. As in English documents, an entry with a
--    non-English `langid` keeps its casing and words in {braces} keep theirs ("{Indonesia}").
--    A numeric edition written "2nd" becomes "2", so that the style prints "(2nd ed.)" / "(Ed. ke-2)".
-- 2. "&" in narrative citations. APA joins the last two authors with "&" in parentheses and with the
--    word in running text: "(Berger & Calabrese, 1975)" but "Berger dan Calabrese (1975)". A CSL style
--    cannot tell the two apart when it chooses, so after citeproc the "&" before the date of an
--    author-in-text citation becomes the word of the thesis language (AND below; a language missing
--    there keeps "&"). An "&" that belongs to a name ("Johnson & Johnson (2020)") stays.

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

-- The references of the BibTeX/BibLaTeX files among the bibliographies, read with the English title
-- rules, and the other bibliography files (CSL JSON, YAML: sentence case already), left to citeproc.
local function read_bibliographies(meta)
  local references, others = pandoc.List(), pandoc.List()
  for _, path in ipairs(as_list(meta.bibliography):map(stringify)) do
    local ext = path:lower():match("%.(%w+)$")
    if ext == "bib" or ext == "bibtex" then
      local _, contents = pandoc.mediabag.fetch(path)
      -- as with --bibliography: a .bib file is BibLaTeX, a .bibtex file BibTeX
      local format = ext == "bib" and "biblatex" or "bibtex"
      local parsed = pandoc.system.with_environment({ LANG = "en-US" }, function()
        return pandoc.read(contents, format)
      end)
      references:extend(parsed.meta.references or {})
    else
      others:insert(path)
    end
  end
  for _, reference in ipairs(references) do
    local number = reference.edition and stringify(reference.edition):match("^(%d+)%a%a$")
    if number then reference.edition = number end
  end
  return references, others
end

-- id → the names of that reference (any role) that contain "&", e.g. { "Johnson & Johnson" }
local function ampersand_names(references)
  local found = {}
  for _, reference in ipairs(references) do
    local names = {}
    for _, value in pairs(reference) do
      if pandoc.utils.type(value) == "List" then
        for _, name in ipairs(value) do
          local text = type(name) == "table" and (name.literal or name.family)
          text = text and stringify(text)
          if text and text:find("&", 1, true) then table.insert(names, text) end
        end
      end
    end
    found[stringify(reference.id or "")] = names
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

function Pandoc(doc)
  local meta = doc.meta
  local own_references, own_bibliography = meta.references, meta.bibliography
  local references, others = read_bibliographies(meta)
  if #references > 0 then
    meta.references = as_list(own_references) .. references
    meta.bibliography = #others > 0 and others or nil
  end
  local protected = ampersand_names(as_list(meta.references))
  doc = pandoc.utils.citeproc(doc)
  -- the references were for citeproc only: the metadata leaves as it came (but see typst below)
  doc.meta.references, doc.meta.bibliography = own_references, own_bibliography

  local word = AND[language(doc.meta)]
  if word then
    doc = doc:walk({
      Cite = function(cite)
        local names = {}
        for _, citation in ipairs(cite.citations) do
          for _, name in ipairs(protected[citation.id] or {}) do table.insert(names, name) end
        end
        return narrative(cite, word, names)
      end,
    })
  end
  if FORMAT:match("typst") then
    -- without --citeproc, pandoc's typst writer prints a Cite as typst's own #cite, and a template
    -- given `bibliography` and `csl` sets up typst's own bibliography: keep what citeproc wrote
    doc = doc:walk({ Cite = function(cite) return cite.content end })
    doc.meta.bibliography, doc.meta.csl = nil, nil
  end
  return doc
end
