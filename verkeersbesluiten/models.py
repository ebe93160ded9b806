# The models of this part of the chain arrive with their own issue; the app exists so the layout
# of DESIGN.md section 4 is complete from the start.
