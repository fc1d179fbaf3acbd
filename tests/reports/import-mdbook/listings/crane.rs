// ANCHOR: all
fn main() {
    // ANCHOR: lift
    println!("lift");
    // ANCHOR_END: lift
    println!("lower");
}
// ANCHOR_END: all
