# placeholder script for the conversion case
