-- typst (PDF) tables: typst sizes auto columns to their widest word, so a table of long text
-- stays narrow and squeezed; give wide tables fractions of the text width, by how much text
-- each column holds.
local common = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "common.lua" }))

local function typst_widths(tbl)
  local longest, word = {}, {}
  local function measure(rows)
    for _, row in ipairs(rows) do
      for i, cell in ipairs(row.cells) do
        local text = pandoc.utils.stringify(cell.contents)
        longest[i] = math.max(longest[i] or 6, math.min(utf8.len(text) or 0, 60))
        for w in text:gmatch("%S+") do word[i] = math.max(word[i] or 0, utf8.len(w) or 0) end
      end
    end
  end
  measure(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do measure(body.body) end
  local total = 0
  for i = 1, #tbl.colspecs do total = total + (longest[i] or 6) end
  if total < 70 then return end  -- a narrow table reads best at its natural width
  -- no column narrower than its longest word (about 66 of its widest characters fit the width at 10pt)
  local shares, sum = {}, 0
  for i = 1, #tbl.colspecs do
    shares[i] = math.max((longest[i] or 6) / total, ((word[i] or 2) + 2) / 66)
    sum = sum + shares[i]
  end
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], shares[i] / sum }
  end
end

local function Table(tbl)
  if not common.is_typst() then return nil end
  typst_widths(tbl)
  return tbl
end

return { { Table = Table } }
