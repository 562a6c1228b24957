from suigang.cli import main

main()
