"""The bot's handlers: a package per cabinet section (router, keyboards, texts), the staff
group's desk (`staff`), what every section shares (`common`, `menu`), the registry of sections
(`sections`) and the routers' order (`routers`)."""
