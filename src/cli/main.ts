// Placeholder entry point; replaced by the real command table.
process.stdout.write('capplan\n');
