# The classic R runtime's port functions around the user's script (studio_modules.execute_r_script).
maml.inputs <- list()
maml.inputs[[1]] <- list(path = "/work/input1.csv", classes = c("integer", "character", "character", "logical"), factors = c("colour"), datetimes = c("when"))
maml.inputs[[2]] <- list(path = NA)
maml.mapInputPort <- function(i) {
  if (!(i %in% c(1, 2)) || is.na(maml.inputs[[i]]$path)) stop(sprintf("Execute R Script: input port %s (Dataset%s) is not connected", i, i))
  port <- maml.inputs[[i]]
  frame <- read.csv(port$path, colClasses = port$classes, na.strings = "", check.names = FALSE, stringsAsFactors = FALSE, encoding = "UTF-8")
  for (name in port$factors) frame[[name]] <- as.factor(frame[[name]])
  for (name in port$datetimes) frame[[name]] <- as.POSIXct(frame[[name]], tz = "UTC")
  frame
}
maml.output <- "/work"
maml.mapOutputPort <- function(name) {
  frame <- get(name, envir = parent.frame())
  if (!is.data.frame(frame)) stop(sprintf("Execute R Script: maml.mapOutputPort(\"%s\") names no data.frame", name))
  classes <- vapply(frame, function(column) class(column)[1], "")
  write.csv(frame, file.path(maml.output, "result.csv"), row.names = FALSE, na = "", fileEncoding = "UTF-8")
  write.csv(data.frame(name = names(frame), class = classes), file.path(maml.output, "classes.csv"), row.names = FALSE)
  invisible(NULL)
}
set.seed(42)
png(file.path("/work/device", "Rplot%03d.png"))
# ---- the R Script, verbatim ----
dataset1 <- maml.mapInputPort(1)
data.set <- dataset1
maml.mapOutputPort("data.set");
# ---- end of the R Script ----
graphics.off()
