"""The site's page families, each planned by a module of its own over the planner core (render.Renderer:
emit, page, render, keys): dates (home, archive, years, months), issues (issues, 版面 pages, articles),
groups (columns, authors, regions), feeds and the sitemap, static files."""
