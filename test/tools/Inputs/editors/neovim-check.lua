-- After the recipe: opens the file, waits for the server's diagnostics and
-- prints them.
vim.cmd('edit ' .. vim.env.DBSESSION_FILE)
local found = vim.wait(120000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.source == 'clang-tidy' then return true end
  end
  return false
end, 100)
for _, d in ipairs(vim.diagnostic.get(0)) do
  io.stdout:write(string.format('%d:%d [%s] %s\n', d.lnum + 1, d.col + 1,
                                d.source or '-', d.message))
end
io.stdout:write(found and 'diagnostics arrived\n' or 'no diagnostics\n')
vim.cmd('qa!')
