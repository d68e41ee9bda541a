from speclift.cli import main

main()
